"""Small linear-algebra helpers for implicit differentiation of cyclic components."""

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]

DENSE_LIMIT = 2000
_COND_LIMIT = 300


def solve_adjoint(m: int, src: NDArray[np.int64], tgt: NDArray[np.int64], jac: F, rhs: F) -> F | None:
    """Solve ``x = rhs + Jᵀx`` where ``J[tgt, src] = jac`` (one entry per edge).

    Dense LU for components up to :data:`DENSE_LIMIT` arguments, restarted GMRES above.

    Args:
        m: Number of unknowns.
        src: Edge sources (local).
        tgt: Edge targets (local).
        jac: ``∂f_tgt/∂s_src`` per edge.
        rhs: Right-hand side.

    Returns:
        The solution, or None if the system is singular or GMRES did not converge.
    """
    if m <= DENSE_LIMIT:
        matrix = np.eye(m)
        np.subtract.at(matrix, (src, tgt), jac)
        try:
            x = np.asarray(np.linalg.solve(matrix, rhs), dtype=np.float64)
        except np.linalg.LinAlgError:
            return None
        # A (numerically) singular system means the fixed point is not isolated (EX5 DF-QuAD).
        if not np.isfinite(x).all() or (m <= _COND_LIMIT and np.linalg.cond(matrix) > 1e12):
            return None
        return x

    def matvec(v: F) -> F:
        return v - np.bincount(src, weights=jac * v[tgt], minlength=m)

    return gmres(matvec, rhs)


def gmres(
    matvec: Callable[[F], F], b: F, *, tol: float = 1e-13, restart: int = 60, max_iter: int = 3000
) -> F | None:
    """Restarted GMRES with classical Gram-Schmidt applied twice.

    Args:
        matvec: ``v ↦ A v``.
        b: Right-hand side.
        tol: Relative residual target.
        restart: Krylov dimension per cycle.
        max_iter: Total Arnoldi steps allowed.

    Returns:
        ``x`` with ``|Ax - b| <= tol·|b|``, or None.
    """
    n = b.size
    x = np.zeros(n)
    b_norm = float(np.linalg.norm(b))
    if b_norm == 0.0:
        return x
    used = 0
    while used < max_iter:
        r = b - matvec(x)
        beta = float(np.linalg.norm(r))
        if beta <= tol * b_norm:
            return x
        basis = np.zeros((restart + 1, n))
        hess = np.zeros((restart + 1, restart))
        basis[0] = r / beta
        k = 0
        for j in range(restart):
            w = matvec(basis[j])
            for _ in range(2):
                h = basis[: j + 1] @ w
                w = w - basis[: j + 1].T @ h
                hess[: j + 1, j] += h
            hess[j + 1, j] = np.linalg.norm(w)
            used += 1
            k = j + 1
            if hess[j + 1, j] <= 1e-300:
                break
            basis[j + 1] = w / hess[j + 1, j]
            e1 = np.zeros(k + 1)
            e1[0] = beta
            y, *_ = np.linalg.lstsq(hess[: k + 1, :k], e1, rcond=None)
            if np.linalg.norm(hess[: k + 1, :k] @ y - e1) <= tol * b_norm:
                break
        e1 = np.zeros(k + 1)
        e1[0] = beta
        y, *_ = np.linalg.lstsq(hess[: k + 1, :k], e1, rcond=None)
        x = x + basis[:k].T @ y
    r = b - matvec(x)
    return x if float(np.linalg.norm(r)) <= 1e3 * tol * b_norm else None
