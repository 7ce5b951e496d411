"""The NumPy peer of the workbook's benchmark (run by `swift run -c release benchmark`).

Reads a workload written by the Swift side (data, labels, initial weights, steps, learning
rate, batch size) from the JSON file named on the command line, trains the same ReLU MLP with
softmax cross-entropy and plain SGD, the textbook NumPy way (CS231n style: matrix products,
broadcasting, no Python loops over elements), and prints one JSON line: the time per step of
each run in milliseconds and the final loss, so the two engines can be checked to have done
the same work.
"""

import json
import sys
import time

import numpy as np


def train(spec, layers, batches):
    """Runs spec["steps"] SGD steps over the batches in turn; returns the last loss."""
    lr = spec["learning_rate"]
    loss = float("nan")
    for step in range(spec["steps"]):
        x, y = batches[step % len(batches)]
        # Forward: keep each layer's input for the backward pass.
        activations = [x]
        for index, (w, b) in enumerate(layers):
            z = activations[-1] @ w.T + b
            if index < len(layers) - 1:
                z = np.maximum(z, 0)
            activations.append(z)
        logits = activations[-1]
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        log_probabilities = shifted - log_sum
        n = x.shape[0]
        loss = -log_probabilities[np.arange(n), y].mean()
        # Backward: d logits = (softmax - onehot) / n, then layer by layer.
        grad = np.exp(log_probabilities)
        grad[np.arange(n), y] -= 1
        grad /= n
        for index in range(len(layers) - 1, -1, -1):
            w, b = layers[index]
            h = activations[index]
            grad_w = grad.T @ h
            grad_b = grad.sum(axis=0)
            if index > 0:
                grad = (grad @ w) * (h > 0)
            w -= lr * grad_w
            b -= lr * grad_b
    return float(loss)


def main():
    with open(sys.argv[1]) as handle:
        spec = json.load(handle)
    inputs = np.array(spec["inputs"], dtype=np.float64)
    labels = np.array(spec["labels"], dtype=np.int64)
    size = spec["batch_size"] or len(labels)
    batches = [
        (inputs[start:start + size], labels[start:start + size])
        for start in range(0, len(labels) - size + 1, size)
    ]
    per_step = []
    final_loss = float("nan")
    for _ in range(spec["runs"]):
        layers = [
            (np.array(w, dtype=np.float64), np.array(b, dtype=np.float64))
            for w, b in spec["layers"]
        ]
        start = time.perf_counter()
        final_loss = train(spec, layers, batches)
        per_step.append((time.perf_counter() - start) / spec["steps"] * 1000)
    print(json.dumps({"per_step_ms": per_step, "final_loss": final_loss,
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
