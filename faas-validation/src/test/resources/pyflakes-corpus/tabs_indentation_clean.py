import json


def handler(event, context):
	if event:
		return json.dumps(event)
	return unknown_tab
