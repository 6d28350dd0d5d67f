class Base:
    async def greet(self, name):
        return f"hello {name}"


class Child(Base):
    async def greet(self, name):
        greeting = await super().greet(name)
        return greeting.upper()
