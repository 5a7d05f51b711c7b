"""The scoring engine's domain error."""

from schemas import QBAFProblem


class InvalidQBAF(ValueError):
    """A QBAF (or a request about one) breaks the model's rules.

    Every problem found is reported, not only the first one.

    Attributes:
        problems: One entry per problem, each with a path (``supports[3]``) and a message.
        detail: A one-line human summary.
    """

    def __init__(self, problems: list[QBAFProblem]) -> None:
        self.problems = problems
        self.detail = summarize(problems)
        super().__init__(self.detail)


def summarize(problems: list[QBAFProblem]) -> str:
    """Join problems into one line.

    Args:
        problems: The problems to describe.

    Returns:
        ``"invalid QBAF: <path>: <message>; ..."`` (at most five shown).
    """
    shown = "; ".join(f"{p.path}: {p.message}" for p in problems[:5])
    more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
    noun = "problem" if len(problems) == 1 else "problems"
    return f"invalid QBAF ({len(problems)} {noun}): {shown}{more}"
