def handler(event, context):
    greeting = "héllo wörld"; unused_ü = 1
    return greeting + mïssing + 𝔘ndefined
