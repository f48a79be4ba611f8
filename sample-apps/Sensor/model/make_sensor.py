"""Makes the Sensor sample's model and data once (tests never run Python).

A synthetic activity-recognition task: one second of a 3-axis accelerometer at 32 Hz (3 x 32 values, in g) and
four classes: still, walking, running, falling. The windows are generated from a fixed seed, a small 1-D
convolutional network is trained on them with PyTorch, and the script writes what a user of UnIT.Generators
would bring: the trained weights as an .npz state_dict and their own data as .npy files.

    /usr/bin/python3 sample-apps/Sensor/model/make_sensor.py      (Debian: python3-torch, python3-numpy)

Outputs (next to this script and in ../data):
    sensor.npz                  conv1, conv2, fc1 weights and biases (PyTorch state_dict names)
    ../data/calibration-x.npy   600 windows, float32 (600, 3, 32): the data calibration and profiling measure on
    ../data/calibration-y.npy   their labels, int32 (600,)
    ../data/test-x.npy          1,000 windows never used to choose anything, float32 (1000, 3, 32)
    ../data/test-y.npy          their labels, int32 (1000,)
"""
import os

import numpy as np
import torch
from torch import nn

RATE = 32
CLASSES = ["still", "walking", "running", "falling"]
HERE = os.path.dirname(os.path.abspath(__file__))


def window(kind, rng):
    t = np.arange(RATE) / RATE
    x = np.zeros((3, RATE))
    x[2] = 1.0  # gravity on z while upright
    if kind == 0:  # still: sensor noise only
        noise = 0.3
    elif kind in (1, 2):  # walking, running: a gait rhythm on every axis, stronger and faster when running
        f = rng.uniform(1.5, 2.6) if kind == 1 else rng.uniform(2.2, 3.4)
        a = rng.uniform(0.2, 0.55) if kind == 1 else rng.uniform(0.4, 0.9)
        phase = rng.uniform(0, 2 * np.pi, size=3)
        for axis, share in enumerate((0.5, 0.3, 1.0)):
            x[axis] += share * a * np.sin(2 * np.pi * f * t + phase[axis])
        noise = 0.4 if kind == 1 else 0.5
    else:  # falling: upright, an impact, then lying (gravity moves to x)
        hit = rng.integers(8, 24)
        x[2, hit:] = 0.0
        x[0, hit:] = 1.0
        x[:, hit] += rng.uniform(1.5, 2.5) * rng.choice([-1, 1], size=3)
        noise = 0.4
    x += rng.normal(0, noise, size=x.shape)
    return np.clip(x, -3.5, 3.5).astype(np.float32)


def dataset(count, rng):
    labels = rng.integers(0, len(CLASSES), size=count).astype(np.int32)
    return np.stack([window(k, rng) for k in labels]), labels


class SensorNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(3, 8, 5, padding=2)
        self.conv2 = nn.Conv1d(8, 16, 3, padding=1)
        self.fc1 = nn.Linear(16 * 8, len(CLASSES))

    def forward(self, x):
        x = torch.max_pool1d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool1d(torch.relu(self.conv2(x)), 2)
        return self.fc1(torch.flatten(x, 1))


def main():
    rng = np.random.default_rng(2026)
    train_x, train_y = dataset(4000, rng)
    calibration_x, calibration_y = dataset(600, rng)
    test_x, test_y = dataset(1000, rng)

    torch.manual_seed(2026)
    model = SensorNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    inputs, targets = torch.from_numpy(train_x), torch.from_numpy(train_y).long()
    for epoch in range(30):
        order = torch.randperm(len(inputs))
        for start in range(0, len(inputs), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(inputs[batch]), targets[batch])
            loss.backward()
            optimizer.step()

    model.eval()
    with torch.no_grad():
        accuracy = (model(torch.from_numpy(test_x)).argmax(1).numpy() == test_y).mean()
    print(f"test accuracy {accuracy:.3f}")

    np.savez(os.path.join(HERE, "sensor.npz"), **{k: v.numpy() for k, v in model.state_dict().items()})
    data = os.path.join(HERE, "..", "data")
    os.makedirs(data, exist_ok=True)
    for name, array in [("calibration-x", calibration_x), ("calibration-y", calibration_y), ("test-x", test_x), ("test-y", test_y)]:
        np.save(os.path.join(data, name + ".npy"), array)


if __name__ == "__main__":
    main()
