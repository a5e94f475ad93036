def handler(event, context):
    try:
        return int(event)
    except:
        return 0
    except ValueError:
        return -1
    except (TypeError, KeyError):
        return -2
