"""The `optimizer` field of a config, and `--optimizer NAME`.

``optimizer = "adam"`` takes PyTorch's defaults; a table names the kind and any of its
parameters: ``optimizer = { kind = "adamw", betas = [0.9, 0.99], weight_decay = 0.05 }``.
Every bad field is a ConfigError naming it (``net.toml: optimizer.betas[2]: ...``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .config_fields import finite, show
from .config_read import display_path
from .errors import ConfigError
from .graph.spec import GraphSpec
from .network import Network
from .optim import DEFAULTS, KINDS, Optimizer

FIELDS = {
    "sgd": ("kind", "weight_decay"),
    "momentum": ("kind", "momentum", "dampening", "nesterov", "weight_decay"),
    "adam": ("kind", "betas", "eps", "weight_decay"),
    "adamw": ("kind", "betas", "eps", "weight_decay"),
}
"""The fields each kind takes (PyTorch's names)."""


def named_optimizer(name: str, where: str) -> Optimizer:
    """An optimizer by name, with PyTorch's defaults (`optimizer = "adam"`, `--optimizer`)."""
    if name not in DEFAULTS:
        raise ConfigError(f"{where}: unknown optimizer {_shown(name)} (one of {' | '.join(KINDS)})")
    return DEFAULTS[name]


def parse_optimizer(value: Any, where: str) -> Optimizer:
    """The decoded `optimizer` field (text or a table) as an `Optimizer`."""
    field = "optimizer"
    if isinstance(value, str):
        return named_optimizer(value, f"{where}: {field}")
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {field}: expected an optimizer name or a table "
                          f"({{ kind = \"adam\", ... }}), got {show(value)}")
    kind = value.get("kind")
    if kind is None:
        raise ConfigError(f"{where}: {field}.kind: missing (one of {' | '.join(KINDS)})")
    if not isinstance(kind, str) or kind not in DEFAULTS:
        raise ConfigError(f"{where}: {field}.kind: unknown optimizer {_shown(kind)} "
                          f"(one of {' | '.join(KINDS)})")
    known = FIELDS[kind]
    for key in value:
        if key not in known:
            hint = " (the learning rate is the top-level learning_rate)" if key in ("lr", "learning_rate") else ""
            shown = display_path(str(key)[:40]) + ("…" if len(str(key)) > 40 else "")
            raise ConfigError(f"{where}: {field}.{shown}: not a field of {kind} "
                              f"(known: {', '.join(known)}){hint}")
    opt = DEFAULTS[kind]
    changes: dict[str, Any] = {}
    if "weight_decay" in value:
        changes["weight_decay"] = _at_least(value["weight_decay"], f"{field}.weight_decay", where)
    if "momentum" in value:
        momentum = finite(value["momentum"], f"{field}.momentum", where)
        if momentum <= 0:
            raise ConfigError(f"{where}: {field}.momentum: must be > 0, got {momentum:g} "
                              f"(for none, use optimizer = \"sgd\")")
        changes["momentum"] = momentum
    if "dampening" in value:
        damp = finite(value["dampening"], f"{field}.dampening", where)
        if not 0 <= damp <= 1:
            raise ConfigError(f"{where}: {field}.dampening: must be from 0 to 1, got {damp:g}")
        changes["dampening"] = damp
    if "nesterov" in value:
        if not isinstance(value["nesterov"], bool):
            raise ConfigError(f"{where}: {field}.nesterov: expected true or false, got {show(value['nesterov'])}")
        changes["nesterov"] = value["nesterov"]
        if value["nesterov"] and changes.get("dampening", 0.0) != 0:
            raise ConfigError(f"{where}: {field}.nesterov: Nesterov momentum needs zero dampening "
                              f"(as torch.optim.SGD)")
    if "betas" in value:
        changes["betas"] = _betas(value["betas"], f"{field}.betas", where)
    if "eps" in value:
        changes["eps"] = _at_least(value["eps"], f"{field}.eps", where)
    return dataclasses.replace(opt, **changes)


def _shown(value: Any) -> str:
    """A bad name as `choice` shows one: quoted if short text, else described."""
    return repr(value) if isinstance(value, str) and len(value) <= 40 else show(value)


def _at_least(value: Any, field: str, where: str) -> float:
    number = finite(value, field, where)
    if number < 0:
        raise ConfigError(f"{where}: {field}: must be >= 0, got {number:g}")
    return number


def _betas(value: Any, field: str, where: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        got = f"{len(value)} numbers" if isinstance(value, list) else show(value)
        raise ConfigError(f"{where}: {field}: expected a list of 2 numbers [β1, β2], got {got}")
    betas = tuple(finite(v, f"{field}[{i}]", where) for i, v in enumerate(value, start=1))
    for i, beta in enumerate(betas, start=1):
        if not 0 <= beta < 1:
            raise ConfigError(f"{where}: {field}[{i}]: must be >= 0 and < 1, got {beta:g}")
    return betas  # type: ignore[return-value]


def with_optimizer(network: Network | GraphSpec, name: str) -> Network | GraphSpec:
    """The network (or graph) with optimizer `name` and PyTorch's defaults (`--optimizer`)."""
    if isinstance(network, GraphSpec) and network.learning_rate is None and name != "sgd":
        raise ConfigError(f"--optimizer: {network.source} has no learning_rate, so no update "
                          f"phase for an optimizer")
    return dataclasses.replace(network, optimizer=named_optimizer(name, "--optimizer"))
