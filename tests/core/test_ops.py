"""The ops table: each activation and loss against CONTRACT §1, and each local derivative
against a central finite difference of its own forward rule."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tui_backprop.core.ops import ACTIVATIONS, LEAKY_SLOPE, LOSSES, softmax_jacobian

from reference import activate, sample_loss

H = 1e-6
RNG = np.random.default_rng(2)
# Away from relu's kink at 0: every |z| >= 0.05, so z ± h never crosses it.
Z = RNG.uniform(0.05, 3.0, size=(5, 4)) * RNG.choice([-1.0, 1.0], size=(5, 4))


def test_the_table_holds_exactly_the_contracts_names() -> None:
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"}
    assert set(LOSSES) == {"mse", "sse", "half_sse", "bce", "cross_entropy"}
    assert LEAKY_SLOPE == 0.01
    assert LOSSES["bce"].needs == "sigmoid" and LOSSES["cross_entropy"].needs == "softmax"
    assert all(LOSSES[n].needs is None for n in ("mse", "sse", "half_sse"))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_forward_is_the_contracts(name: str) -> None:
    np.testing.assert_allclose(ACTIVATIONS[name].forward(Z), activate(name, Z), rtol=1e-15, atol=0)


def test_activation_spot_values() -> None:
    z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].forward(z), [[0.11920292202211755, 0.5, 0.9525741268224334]])
    np.testing.assert_array_equal(ACTIVATIONS["relu"].forward(z), [[0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(ACTIVATIONS["leaky_relu"].forward(z), [[-0.02, 0.0, 3.0]])
    np.testing.assert_allclose(ACTIVATIONS["softmax"].forward(np.array([[0.0, np.log(3.0)]])), [[0.25, 0.75]])


@pytest.mark.parametrize("name", [n for n in sorted(ACTIVATIONS) if ACTIVATIONS[n].elementwise])
def test_elementwise_derivative_matches_central_difference(name: str) -> None:
    rule = ACTIVATIONS[name]
    numeric = (rule.forward(Z + H) - rule.forward(Z - H)) / (2 * H)
    analytic = rule.derivative(Z, rule.forward(Z))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_relu_derivative_at_zero_is_zero_and_leaky_is_the_slope() -> None:
    z = np.array([[0.0, -1.0, 1.0]])
    relu, leaky = ACTIVATIONS["relu"], ACTIVATIONS["leaky_relu"]
    np.testing.assert_array_equal(relu.derivative(z, relu.forward(z)), [[0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(leaky.derivative(z, leaky.forward(z)), [[0.01, 0.01, 1.0]])


def test_softmax_full_jacobian_matches_central_difference() -> None:
    rule = ACTIVATIONS["softmax"]
    assert not rule.elementwise
    a = rule.forward(Z)
    jac = softmax_jacobian(a)  # (samples, i, j) = da_i/dz_j
    samples, n = Z.shape
    for j in range(n):
        step = np.zeros_like(Z)
        step[:, j] = H
        numeric = (rule.forward(Z + step) - rule.forward(Z - step)) / (2 * H)  # (samples, i)
        np.testing.assert_allclose(jac[:, :, j], numeric, rtol=1e-6, atol=1e-10)
    # each row of outputs sums to 1, so every column of the Jacobian sums to 0
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)


def test_sigmoid_and_softmax_do_not_overflow_on_large_inputs() -> None:
    z = np.array([[-800.0, 800.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = ACTIVATIONS["sigmoid"].forward(z)
        m = ACTIVATIONS["softmax"].forward(z)
    np.testing.assert_allclose(s, [[0.0, 1.0, 0.5]], atol=1e-300)
    np.testing.assert_allclose(m, [[0.0, 1.0, 0.0]], atol=1e-300)


def _loss_inputs(name: str, samples: int, outputs: int) -> tuple[np.ndarray, np.ndarray]:
    """Outputs a in the loss's domain and targets y of the usual kind for that loss."""
    rng = np.random.default_rng([samples, outputs, len(name)])
    if name == "cross_entropy":
        a = activate("softmax", rng.normal(size=(samples, outputs)))
        y = activate("softmax", rng.normal(size=(samples, outputs)))  # soft labels too
    elif name == "bce":
        a = rng.uniform(0.05, 0.95, size=(samples, outputs))
        y = rng.uniform(0.0, 1.0, size=(samples, outputs))
    else:
        a = rng.normal(size=(samples, outputs))
        y = rng.normal(size=(samples, outputs))
    return a, y


@pytest.mark.parametrize("samples", [1, 3])
@pytest.mark.parametrize("outputs", [1, 3])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_forward_is_the_contracts(name: str, outputs: int, samples: int) -> None:
    a, y = _loss_inputs(name, samples, outputs)
    got = LOSSES[name].forward(a, y)
    assert got.shape == (samples,)
    np.testing.assert_allclose(got, sample_loss(name, a, y), rtol=1e-14)


@pytest.mark.parametrize("samples", [1, 2, 4])
@pytest.mark.parametrize("outputs", [1, 3])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_derivative_per_output_matches_central_difference(name: str, outputs: int, samples: int) -> None:
    """d(loss of sample s)/da[s, i] for every sample and output, one output moved at a time."""
    rule = LOSSES[name]
    a, y = _loss_inputs(name, samples, outputs)
    analytic = rule.derivative(a, y)
    assert analytic.shape == a.shape
    numeric = np.empty_like(a)
    for i in range(outputs):
        step = np.zeros_like(a)
        step[:, i] = H
        numeric[:, i] = (rule.forward(a + step, y) - rule.forward(a - step, y)) / (2 * H)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_loss_spot_values() -> None:
    a, y = np.array([[0.75, 0.25]]), np.array([[1.0, 0.0]])
    assert LOSSES["mse"].forward(a, y)[0] == pytest.approx(0.0625)
    assert LOSSES["sse"].forward(a, y)[0] == pytest.approx(0.125)
    assert LOSSES["half_sse"].forward(a, y)[0] == pytest.approx(0.0625)
    assert LOSSES["bce"].forward(a, y)[0] == pytest.approx(-np.log(0.75))
    assert LOSSES["cross_entropy"].forward(a, y)[0] == pytest.approx(-np.log(0.75))
