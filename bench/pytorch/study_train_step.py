#!/usr/bin/env python3
"""Training and inference speed of timbre's networks under PyTorch: the study's Model 1 (cnn) and Model 2
(crnn), the default tagger's pooled-cnn, and CoAtNet (CoAtNet-0 and the CPU-sized nano).

Re-implementations from the models' descriptions (timbre's dev.timbre.model classes), measured the way
`timbre bench train` measures timbre's DJL blocks: random input of the model's shape, the same
batch every step, Adam (lr 1e-3), binary cross-entropy on logits, `warmup` untimed steps and then
`steps` timed ones; then the forward pass in eval mode under no_grad. It prints one JSON line.

The trainable parameter counts are printed too, so a run shows that the networks are the ones
timbre builds (2,621,835 for cnn mono n=16, 946,315 for crnn mono n=16, 1,479,308 for CoAtNet nano, ...).

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
    """(B, C, F, T) -> four conv/BN/act blocks, stride 2 -> flatten -> dense 8*11 + act -> dense 11."""

    def __init__(self, channels, n, act, bands, frames, classes=11):
        super().__init__()
        self.features = nn.Sequential(*[conv_block(channels if i == 0 else n << (i - 1), n << i, 2, act)
                                        for i in range(4)])
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(8 * n * (bands // 16) * (frames // 16), 8 * classes),
                                  act(), nn.Linear(8 * classes, classes))

    def forward(self, x):
        return self.head(self.features(x))


class PooledCnn(nn.Module):
    """Model 1's blocks -> mean and max over time, concatenated -> dense 8*11 + act -> dense 11."""

    def __init__(self, channels, n, act, bands, frames, classes=11):
        super().__init__()
        self.features = nn.Sequential(*[conv_block(channels if i == 0 else n << (i - 1), n << i, 2, act)
                                        for i in range(4)])
        self.head = nn.Sequential(nn.Linear(2 * 8 * n * (bands // 16), 8 * classes), act(),
                                  nn.Linear(8 * classes, classes))

    def forward(self, x):
        maps = self.features(x)
        b = maps.shape[0]
        return self.head(torch.cat([maps.mean(3).reshape(b, -1), maps.amax(3).reshape(b, -1)], 1))


class StudyCrnn(nn.Module):
    """Model 1's blocks, the last with stride (4, 2) -> n c l f -> n l (c f) -> GRU(8n) -> last step -> head."""

    def __init__(self, channels, n, act, bands, frames, classes=11):
        super().__init__()
        strides = [2, 2, 2, (4, 2)]
        self.features = nn.Sequential(*[conv_block(channels if i == 0 else n << (i - 1), n << i, strides[i], act)
                                        for i in range(4)])
        self.gru = nn.GRU(8 * n * (frames // 16), 8 * n, num_layers=1, batch_first=True)
        self.head = nn.Sequential(nn.Linear(8 * n, 8 * classes), act(), nn.Linear(8 * classes, classes))

    def forward(self, x):
        maps = self.features(x)
        b, c, l, f = maps.shape
        seq = maps.permute(0, 2, 1, 3).reshape(b, l, c * f)
        out, _ = self.gru(seq)
        return self.head(out[:, -1, :])


# CoAtNet as timbre lays it out (dev.timbre.model.CoAtNet): stages s0 conv stem, s1-s2 MBConv, s3-s4 Transformer
# with a 2-D relative position bias, global average pool, bias-free dense head.
COATNET_SIZES = {"coatnet_0": ([2, 2, 3, 5, 2], [64, 96, 192, 384, 768], 8, 32),
                 "nano": ([1, 1, 1, 2, 1], [32, 48, 96, 192, 384], 4, 32)}


def conv(cin, cout, k, stride, pad):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=pad, bias=False)


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, units):
        super().__init__()
        self.gate = nn.Sequential(nn.Linear(channels, units, bias=False), nn.GELU(),
                                  nn.Linear(units, channels, bias=False), nn.Sigmoid())

    def forward(self, x):
        return x * self.gate(x.mean((2, 3)))[:, :, None, None]


class MBConv(nn.Module):
    def __init__(self, cin, cout, down):
        super().__init__()
        hidden = 4 * cin
        self.residual = nn.Sequential(
            nn.BatchNorm2d(cin), conv(cin, hidden, 1, 2 if down else 1, 0), nn.BatchNorm2d(hidden), nn.GELU(),
            nn.Conv2d(hidden, hidden, 3, padding=1, groups=hidden, bias=False), nn.BatchNorm2d(hidden), nn.GELU(),
            SqueezeExcitation(hidden, cin // 4), conv(hidden, cout, 1, 1, 0), nn.BatchNorm2d(cout))
        self.shortcut = nn.Sequential(nn.MaxPool2d(3, 2, 1), conv(cin, cout, 1, 1, 0)) if down else nn.Identity()

    def forward(self, x):
        return self.shortcut(x) + self.residual(x)


class RelativeSelfAttention(nn.Module):
    def __init__(self, height, width, cin, heads, head_dim, cout):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        self.to_qkv = nn.Linear(cin, 3 * heads * head_dim, bias=False)
        self.to_out = nn.Linear(heads * head_dim, cout)
        self.table = nn.Parameter(torch.zeros((2 * height - 1) * (2 * width - 1), heads))
        y, x = torch.meshgrid(torch.arange(height), torch.arange(width), indexing="ij")
        y, x = y.reshape(-1), x.reshape(-1)
        index = (y[:, None] - y[None, :] + height - 1) * (2 * width - 1) + (x[:, None] - x[None, :] + width - 1)
        self.register_buffer("index", index.reshape(-1), persistent=False)

    def forward(self, t):
        b, n, _ = t.shape
        q, k, v = (z.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
                   for z in self.to_qkv(t).chunk(3, dim=2))
        bias = self.table[self.index].transpose(0, 1).reshape(1, self.heads, n, n)
        logits = q @ k.transpose(2, 3) * self.head_dim ** -0.5 + bias
        merged = (logits.softmax(-1) @ v).transpose(1, 2).reshape(b, n, self.heads * self.head_dim)
        return self.to_out(merged)


class Transformer(nn.Module):
    def __init__(self, cin, cout, height, width, down, heads, head_dim):
        super().__init__()
        self.height, self.width, self.down = height, width, down
        self.norm1 = nn.LayerNorm(cin)
        self.attention = RelativeSelfAttention(height, width, cin, heads, head_dim, cout)
        self.norm2 = nn.LayerNorm(cout)
        self.feed_forward = nn.Sequential(nn.Linear(cout, 4 * cin), nn.GELU(), nn.Linear(4 * cin, cout))
        if down:
            self.pool = nn.MaxPool2d(3, 2, 1)
            self.project = conv(cin, cout, 1, 1, 0)

    def tokens(self, m):
        return m.flatten(2).transpose(1, 2)

    def map(self, t):
        return t.transpose(1, 2).reshape(t.shape[0], -1, self.height, self.width)

    def forward(self, x):
        if self.down:
            x = self.pool(x)
            shortcut = self.project(x)
        else:
            shortcut = x
        x = shortcut + self.map(self.attention(self.norm1(self.tokens(x))))
        return x + self.map(self.feed_forward(self.norm2(self.tokens(x))))


class CoAtNet(nn.Module):
    """(B, C, 224, 256) -> centre crop to 224 frames -> CoAtNet -> (B, 11)."""

    def __init__(self, channels, size, bands, frames, classes=11):
        super().__init__()
        blocks, widths, heads, head_dim = COATNET_SIZES[size]
        self.frames = bands  # the study crops its maps square
        layers = [nn.Sequential(conv(channels if i == 0 else widths[0], widths[0], 3, 2 if i == 0 else 1, 1),
                                nn.BatchNorm2d(widths[0]), nn.GELU()) for i in range(blocks[0])]
        for stage in range(1, 5):
            h, w = bands >> (stage + 1), bands >> (stage + 1)
            for i in range(blocks[stage]):
                cin = widths[stage - 1] if i == 0 else widths[stage]
                layers.append(MBConv(cin, widths[stage], i == 0) if stage <= 2
                              else Transformer(cin, widths[stage], h, w, i == 0, heads, head_dim))
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(widths[4], classes, bias=False)

    def forward(self, x):
        start = (x.shape[3] - self.frames) // 2
        return self.head(self.body(x[:, :, :, start:start + self.frames]).mean((2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["cnn", "crnn", "pooled-cnn", "coatnet"], default="cnn")
    p.add_argument("--coatnet-size", choices=["coatnet_0", "nano"], default="coatnet_0")
    p.add_argument("--features", choices=["study", "compact"], default="study",
                   help="study: 224 mel bands x 256 frames; compact: 128 x 128")
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
    bands, frames = (224, 256) if a.features == "study" else (128, 128)
    if a.model == "coatnet":
        net = CoAtNet(maps, a.coatnet_size, bands, frames)
    else:
        net = {"cnn": StudyCnn, "crnn": StudyCrnn, "pooled-cnn": PooledCnn}[a.model](maps, a.hidden, act, bands,
                                                                                     frames)
    params = sum(t.numel() for t in net.parameters() if t.requires_grad)

    x = -40 + 15 * torch.randn(a.batch, maps, bands, frames)
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

    print(json.dumps({"engine": "pytorch " + torch.__version__, "model": a.model, "features": a.features,
                      "coatnetSize": a.coatnet_size if a.model == "coatnet" else None, "channels": a.channels,
                      "hidden": a.hidden, "threads": torch.get_num_threads(), "batch": a.batch,
                      "trainableParameters": params, "trainClipsPerSecond": round(train, 1),
                      "inferenceClipsPerSecond": round(infer, 1)}))


if __name__ == "__main__":
    main()
