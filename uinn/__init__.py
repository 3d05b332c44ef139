"""uinn: backpropagation for ReLU networks in plain NumPy, the Python home of UiNN.

Conventions: a sample is a column, so a batch ``X`` has shape ``(n_features, batch)``;
layer k has ``W`` of shape ``(n_out, n_in)`` and ``b`` of shape ``(n_out, 1)``; a
gradient has the shape of what it is the gradient of.

>>> import uinn
>>> X, T = uinn.data.xnor()
>>> net, losses = uinn.train(uinn.init_net([2, 8, 8, 1]), X, T, lr=0.01, steps=1000)
>>> uinn.predict(net, X).round(1)
array([[1., 0., 0., 1.]])
"""

from uinn import calculus, data, plot, timing
from uinn.activations import RELU, SIGMOID, TANH, Activation
from uinn.backward import backbone_pass, gradients, leaf_pass
from uinn.calculus import gradient_check, numerical_gradients, numerical_jacobian
from uinn.forward import forward, predict
from uinn.loss import (
    BINARY_CROSS_ENTROPY,
    CROSS_ENTROPY,
    MSE,
    Loss,
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    cross_entropy,
    cross_entropy_gradient,
    mse,
    mse_gradient,
    softmax,
)
from uinn.net import DEFAULT_SEED, Layer, copy_net, he_bounds, init_net, nets_allclose, topology
from uinn.train import apply_gradients, train

__version__ = "1.0.0"

__all__ = [
    "Activation",
    "BINARY_CROSS_ENTROPY",
    "CROSS_ENTROPY",
    "DEFAULT_SEED",
    "Layer",
    "Loss",
    "MSE",
    "RELU",
    "SIGMOID",
    "TANH",
    "apply_gradients",
    "backbone_pass",
    "binary_cross_entropy",
    "binary_cross_entropy_gradient",
    "calculus",
    "copy_net",
    "cross_entropy",
    "cross_entropy_gradient",
    "data",
    "forward",
    "gradient_check",
    "gradients",
    "he_bounds",
    "init_net",
    "leaf_pass",
    "mse",
    "mse_gradient",
    "nets_allclose",
    "numerical_gradients",
    "numerical_jacobian",
    "plot",
    "predict",
    "softmax",
    "timing",
    "topology",
    "train",
]
