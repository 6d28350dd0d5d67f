"""An async bank: locks, retried transfers, inheritance and private attributes.

Accounts keep their balance in a private attribute (`self.__balance`, which
Python stores as `_Account__balance`) and each has an `asyncio.Lock`. A
transfer locks both accounts, always in account-number order so that two
opposite transfers cannot deadlock, and retries when the source account
raises the custom `InsufficientFunds` exception, backing off for a few event
loop turns so that other transfers can bring money in.

`SavingsAccount` and `CheckingAccount` override async methods and call the
base class with `super()`.

What to look at in the compiled state machine:

* `super().withdraw(amount)` inside `async def withdraw` of a subclass: the
  zero-argument `super()` needs the method's class and `self`, although the
  body now runs in `move_next()` of a separate state-machine class.
* `self.__balance` and `self.__minimum` are name-mangled for the class that
  *defines* the method (`_Account__balance`, `_SavingsAccount__minimum`), not
  for the state machine class the body was moved into.
* `transfer()` has `return` inside `async with first.lock, second.lock:`
  inside `try` inside `for`: returning must release both locks (two awaited
  `__aexit__` calls) before the coroutine finishes.
* `Account.open()` is an async classmethod: `cls` is hoisted like any local.
"""

import asyncio


class InsufficientFunds(Exception):
    def __init__(self, account, requested, available):
        super().__init__(f"{account.owner} cannot pay {requested} (only {available} available)")
        self.requested = requested


class Account:
    _numbers = iter(range(1001, 2000))

    def __init__(self, owner, balance=0):
        self.number = next(Account._numbers)
        self.owner = owner
        self.__balance = balance  # private: really `_Account__balance`
        self.lock = asyncio.Lock()
        self.history = []

    @classmethod
    async def open(cls, owner, deposit, **options):
        account = cls(owner, **options)
        async with account.lock:
            await account.deposit(deposit)
        return account

    @property
    def balance(self):
        return self.__balance

    def _available(self):
        return self.__balance

    @staticmethod
    async def _database_roundtrip():
        await asyncio.sleep(0)

    async def deposit(self, amount):  # the caller holds self.lock
        await self._database_roundtrip()
        self.__balance += amount
        self.history.append(f"+{amount}")

    async def withdraw(self, amount):  # the caller holds self.lock
        await self._database_roundtrip()
        if amount > self._available():
            raise InsufficientFunds(self, amount, self._available())
        self.__balance -= amount
        self.history.append(f"-{amount}")

    def __repr__(self):
        return f"{type(self).__name__}({self.owner!r}, #{self.number}, balance={self.balance})"


class SavingsAccount(Account):
    def __init__(self, owner, balance=0, *, minimum):
        super().__init__(owner, balance)
        self.__minimum = minimum  # really `_SavingsAccount__minimum`

    async def withdraw(self, amount):
        if self.balance - amount < self.__minimum:
            raise InsufficientFunds(self, amount, self.balance - self.__minimum)
        await super().withdraw(amount)  # zero-argument super() in a coroutine


class CheckingAccount(Account):
    def __init__(self, owner, balance=0, *, overdraft):
        super().__init__(owner, balance)
        self.overdraft = overdraft

    def _available(self):
        return super()._available() + self.overdraft  # may go below zero


async def transfer(source, target, amount, *, attempts=4):
    first, second = sorted((source, target), key=lambda a: a.number)
    for attempt in range(1, attempts + 1):
        try:
            async with first.lock, second.lock:
                await source.withdraw(amount)
                await target.deposit(amount)
                return f"{source.owner} -> {target.owner} {amount}: ok on attempt {attempt}"
        except InsufficientFunds as error:
            if attempt == attempts:
                raise
            print(f"  retry {attempt}: {error}")
            for _ in range(attempt * 3):  # back off: let other transfers run
                await asyncio.sleep(0)


async def main():
    alice = await CheckingAccount.open("alice", 100, overdraft=50)
    bob = await SavingsAccount.open("bob", 200, minimum=50)
    carol = await Account.open("carol", 0)
    accounts = [alice, bob, carol]
    total = sum(a.balance for a in accounts)
    print("opened:", *accounts, sep="\n  ")
    print("private attributes of bob:", sorted(k for k in vars(bob) if "__" in k))

    print("transfers:")
    outcomes = await asyncio.gather(
        transfer(carol, alice, 30),  # carol is broke until bob pays her
        transfer(bob, carol, 100),
        transfer(alice, bob, 140),  # uses alice's overdraft
        transfer(bob, alice, 300, attempts=2),  # can never succeed
        return_exceptions=True,
    )
    for outcome in outcomes:
        if isinstance(outcome, InsufficientFunds):
            print(f"  FAILED: {outcome}")
        else:
            print(f"  {outcome}")

    print("closing balances:")
    for account in accounts:
        print(f"  {account}  history={account.history}")
    print("money is conserved:", sum(a.balance for a in accounts) == total)
    print("all locks released:", not any(a.lock.locked() for a in accounts))


if __name__ == "__main__":
    asyncio.run(main())
