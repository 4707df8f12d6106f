"""The closed forms the trainer's kernels are printed from, proved against SymPy's diff of the loss.

``gradproof train`` runs this first and refuses to train on a closed form that is not proved:
the kernels in derive/kernels.py are lambdified from exactly these expressions.
"""
from __future__ import annotations

from dataclasses import dataclass

from checks.budget import time_limit
from checks.equivalence import judge_values
from checks.errors import Undecided
from checks.verdict import Verdict
from derive.closed_forms import CLAIMS
from derive.gradients import gradient
from derive.instance import standard_instances


@dataclass(frozen=True)
class KernelProof:
    claim: str
    verdict: Verdict
    detail: str

    def to_json(self) -> dict:
        return {"claim": self.claim, "verdict": self.verdict.value, "detail": self.detail}


def prove_kernels(seconds_each: float = 30.0) -> tuple[KernelProof, ...]:
    proofs = []
    for claim in CLAIMS:
        groups = [[(inst, gradient(claim.loss(inst), claim.wrt(inst)), claim.closed(inst), ())]
                  for inst in standard_instances() if claim.applies(inst)]
        try:
            with time_limit(seconds_each, "kernel proof"):
                judgement = judge_values(groups)
            proofs.append(KernelProof(claim.name, judgement.verdict, judgement.detail))
        except Undecided as e:
            proofs.append(KernelProof(claim.name, Verdict.UNDECIDED, str(e)))
    return tuple(proofs)


def prove_kernels_json() -> list[dict]:
    """``prove_kernels()`` as plain data: what a process that must not import SymPy receives (a
    KernelProof would import this module, and SymPy with it, when it is unpickled)."""
    return [p.to_json() for p in prove_kernels()]
