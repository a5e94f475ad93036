import sys

print(__name__, __file__, __doc__, __spec__, __builtins__, __loader__, __package__)
print(len, sorted, WindowsError, __debug__, __import__, __build_class__)
print(sys.argv, NotImplemented, Ellipsis, ExceptionGroup, BaseExceptionGroup, aiter, anext)


class Config:
    print(__module__, __qualname__)

    def method(self):
        return __class__
