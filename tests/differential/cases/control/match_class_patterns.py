"""Class patterns in match statements inside coroutines: positional
sub-patterns resolved through a logging __match_args__ metaclass attribute,
keyword sub-patterns reading attributes (logged through __getattr__), the
order in which attributes are read, and CPython's errors for bad
__match_args__ and too many positional sub-patterns.

NOTE: native output differs between versions: for a non-class in a class
pattern 3.11 says "called match pattern must be a type", 3.12+ "... a class".
"""
import asyncio
from tracelib import describe, suspend


class LoggingMeta(type):
    def __getattribute__(cls, name):
        if name == "__match_args__":
            print(f"  {cls.__name__}.__match_args__ read")
        return super().__getattribute__(name)


class Point(metaclass=LoggingMeta):
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self._x, self._y = x, y

    def __getattr__(self, name):
        print(f"  read Point.{name}")
        if name in ("x", "y"):
            return getattr(self, f"_{name}")
        raise AttributeError(name)


class Circle(Point):
    __match_args__ = ("center", "r")

    def __init__(self, center, r):
        self._center, self._r = center, r

    def __getattr__(self, name):
        print(f"  read Circle.{name}")
        if name in ("center", "r"):
            return object.__getattribute__(self, f"_{name}")
        raise AttributeError(name)


class BadArgs(metaclass=LoggingMeta):
    __match_args__ = ["not", "a", "tuple"]


async def make(obj):
    await suspend()
    return obj


async def describe_shape(shape):
    match await make(shape):
        case Circle(Point(0, 0), r):
            await suspend()
            return f"circle at origin r={r}"
        case Circle(center=Point(x=cx), r=radius) if cx > 0:
            await suspend()
            return f"circle right of origin cx={cx} r={radius}"
        case Point(0, y=yy):
            return f"point on y axis y={yy}"
        case Point(x, y):
            await suspend()
            return f"point {x},{y}"
        case int(n) | str(n):
            return f"builtin self-matching {n!r}"
        case _:
            return "unknown"


async def errors():
    print("bad __match_args__")
    try:
        match await make(BadArgs()):
            case BadArgs(a):
                pass
    except TypeError as e:
        print("  caught", describe(e))
    print("too many positional sub-patterns")
    try:
        match await make(Point(1, 2)):
            case Point(a, b, c):
                pass
    except TypeError as e:
        print("  caught", describe(e))
    print("not a class in a class pattern")
    not_a_class = len
    try:
        match await make(1):
            case not_a_class():
                pass
    except TypeError as e:
        print("  caught", describe(e))


async def main():
    shapes = [Circle(Point(0, 0), 5), Circle(Point(2, 1), 3), Circle(Point(-1, 0), 1),
              Point(0, 7), Point(3, 4), 42, "s", 2.5]
    for shape in shapes:
        print("shape", type(shape).__name__)
        print("  ->", await describe_shape(shape))
    await errors()


asyncio.run(main())
