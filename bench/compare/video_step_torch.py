#!/usr/bin/env python3
"""The anchor video CNN+LSTM training step and inference in PyTorch, the twin of
dev.reel.bench.VideoStepBench. Prints one JSON line per (layout, threads, mode) with ms per
step and clips/s (medians over repeats).

  python3 bench/compare/video_step_torch.py --threads 1 2 --layouts nchw nhwc
Run it with jemalloc for PyTorch's best setup:
  LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 python3 ...
"""
import argparse, json, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F

B, T = 8, 16


class Anchor(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.lstm = nn.LSTM(128, 256, batch_first=True)
        self.fc = nn.Linear(256, 10)

    def forward(self, clips, channels_last):
        b, t = clips.shape[:2]
        x = clips.reshape(b * t, *clips.shape[2:])
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.conv3(x)).mean(dim=(2, 3))
        seq, _ = self.lstm(x.reshape(b, t, 128))
        return self.fc(seq[:, -1])


def measure(fn, repeats, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--layouts", nargs="+", default=["nchw", "nhwc"])
    ap.add_argument("--repeats", type=int, default=10)
    # cpu: this thread's CPU time (time.thread_time), which other processes on a shared machine
    # barely disturb; meaningful with --threads 1 only (every kernel then runs on this thread)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = ap.parse_args()
    torch.manual_seed(0)
    clips = torch.randn(B, T, 3, 64, 64)
    labels = torch.randint(0, 10, (B,))
    for threads in args.threads:
        torch.set_num_threads(threads)
        for layout in args.layouts:
            cl = layout == "nhwc"
            model = Anchor()
            if cl:
                model = model.to(memory_format=torch.channels_last)
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)

            def train():
                loss = F.cross_entropy(model(clips, cl), labels)
                opt.zero_grad()
                loss.backward()
                opt.step()

            def infer():
                with torch.no_grad():
                    model(clips, cl)

            for mode, fn in (("train", train), ("inference", infer)):
                s = measure(fn, args.repeats, clock=time.thread_time if args.clock == "cpu" else time.perf_counter)
                print(json.dumps({"peer": "pytorch " + torch.__version__, "layout": layout, "threads": threads,
                                  "mode": mode, "ms": s * 1e3, "clips_per_s": B / s}), flush=True)


if __name__ == "__main__":
    main()
