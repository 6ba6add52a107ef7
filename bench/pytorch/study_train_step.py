#!/usr/bin/env python3
"""Training and inference speed of the study's Model 1 (CNN) and Model 2 (CNN + GRU) under PyTorch.

A re-implementation from the models' description (issues #3 and #4), measured the way
`timbre bench train` measures timbre's DJL blocks: random input of the model's shape, the same
batch every step, Adam (lr 1e-3), binary cross-entropy on logits, `warmup` untimed steps and then
`steps` timed ones; then the forward pass in eval mode under no_grad. It prints one JSON line.

The trainable parameter counts are printed too, so a run shows that the networks are the ones
timbre builds (2,621,835 for cnn mono n=16, 946,315 for crnn mono n=16, ...).

Run with Debian's PyTorch (`apt-get install python3-torch`), for example
    /usr/bin/python3 bench/pytorch/study_train_step.py --model cnn --hidden 32 --threads 2
"""
import argparse
import json
import time

import torch
from torch import nn


def conv_block(cin, cout, stride, act):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1), nn.BatchNorm2d(cout), act())


def activation(name, slope):
    if name == "relu":
        return nn.ReLU
    return lambda: nn.LeakyReLU(slope)


class StudyCnn(nn.Module):
    """(B, C, 224, 256) -> four conv/BN/act blocks, stride 2 -> flatten -> dense 8*11 + act -> dense 11."""

    def __init__(self, channels, n, act, classes=11):
        super().__init__()
        self.features = nn.Sequential(*[conv_block(channels if i == 0 else n << (i - 1), n << i, 2, act)
                                        for i in range(4)])
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(8 * n * 14 * 16, 8 * classes), act(),
                                  nn.Linear(8 * classes, classes))

    def forward(self, x):
        return self.head(self.features(x))


class StudyCrnn(nn.Module):
    """Model 1's blocks, the last with stride (4, 2) -> n c l f -> n l (c f) -> GRU(8n) -> last step -> head."""

    def __init__(self, channels, n, act, classes=11):
        super().__init__()
        strides = [2, 2, 2, (4, 2)]
        self.features = nn.Sequential(*[conv_block(channels if i == 0 else n << (i - 1), n << i, strides[i], act)
                                        for i in range(4)])
        self.gru = nn.GRU(8 * n * 16, 8 * n, num_layers=1, batch_first=True)
        self.head = nn.Sequential(nn.Linear(8 * n, 8 * classes), act(), nn.Linear(8 * classes, classes))

    def forward(self, x):
        maps = self.features(x)
        b, c, l, f = maps.shape
        seq = maps.permute(0, 2, 1, 3).reshape(b, l, c * f)
        out, _ = self.gru(seq)
        return self.head(out[:, -1, :])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["cnn", "crnn"], default="cnn")
    p.add_argument("--channels", choices=["mono", "stereo"], default="mono")
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--activation", choices=["relu", "leaky-relu"], default="relu")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    maps = 1 if a.channels == "mono" else 2
    act = activation(a.activation, 0.3)
    net = (StudyCnn if a.model == "cnn" else StudyCrnn)(maps, a.hidden, act)
    params = sum(t.numel() for t in net.parameters() if t.requires_grad)

    x = -40 + 15 * torch.randn(a.batch, maps, 224, 256)
    y = torch.zeros(a.batch, 11)
    y[torch.arange(a.batch), torch.arange(a.batch) % 11] = 1
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()

    net.train()
    for s in range(a.warmup + a.steps):
        if s == a.warmup:
            start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()
        opt.step()
    train = a.steps * a.batch / (time.perf_counter() - start)

    net.eval()
    with torch.no_grad():
        for s in range(a.warmup + a.steps):
            if s == a.warmup:
                start = time.perf_counter()
            net(x).numpy()
    infer = a.steps * a.batch / (time.perf_counter() - start)

    print(json.dumps({"engine": "pytorch " + torch.__version__, "model": a.model, "channels": a.channels,
                      "hidden": a.hidden, "threads": torch.get_num_threads(), "batch": a.batch,
                      "trainableParameters": params, "trainClipsPerSecond": round(train, 1),
                      "inferenceClipsPerSecond": round(infer, 1)}))


if __name__ == "__main__":
    main()
