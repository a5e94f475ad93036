import asyncio
import contextlib


async def fetch_all(urls, fetch):
    results = await asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)
    return [r for r in results if not isinstance(r, Exception)]


@contextlib.contextmanager
def timer(context, label):
    start = context.clock()
    try:
        yield
    finally:
        context.log("%s took %.3f s" % (label, context.clock() - start))


def handler(event, context):
    with timer(context, "fetch"):
        pages = asyncio.run(fetch_all(event["urls"], context.fetch))
    return {"pages": len(pages)}
