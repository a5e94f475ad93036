import os.path
import xml.etree.ElementTree
import email.mime.text
import email.mime.base


def handler(event, context):
    return email.mime.text.MIMEText(event["body"])
