#!/usr/bin/env python3
"""Converts a PyTorch checkpoint (.pth / .pt) to a safetensors file that Reel loads.

Usage (needs PyTorch; on Debian: apt-get install python3-torch):

    python3 tools/convert_torch_checkpoint.py resnet18-f37072fd.pth resnet18.safetensors
    python3 tools/convert_torch_checkpoint.py ckpt.pt model.safetensors --key model_state_dict --strip-prefix module.
    python3 tools/convert_torch_checkpoint.py r2plus1d_18.pth out.safetensors --dtype float32 --metadata source=torchvision

The input may be a state dict, or a dict holding one under --key (training checkpoints often use
"state_dict" or "model_state_dict"; the tool tries those when the top level is not a state dict),
or a whole pickled nn.Module. Keys keep PyTorch's names (conv1.weight, layer1.0.bn1.running_mean,
bn.num_batches_tracked ...), which are Reel's names too, so in Java:

    ResNet net = ResNet.resnet18(1000);
    SafeTensors.loadInto(net, Path.of("resnet18.safetensors"), true);   // strict: every key must match

Tensors are made contiguous and written little-endian; float16/bfloat16 are kept (Reel reads them
as float32) unless --dtype converts every floating tensor; tensors that share storage are written
as separate copies (safetensors has no aliasing). Reel's dtypes: float64, float32, float16,
bfloat16, int64, int32, uint8, bool; others are refused with the key named.

The safetensors layout is written by hand (u64 header length, JSON header padded with spaces to
8 bytes, raw data), so the `safetensors` package is not needed. Use torch.load only on files you
trust: it unpickles code (the tool passes weights_only=True where the installed PyTorch has it).
"""

import argparse
import json
import os
import struct
import sys
import tempfile

import torch

DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL",
}
CASTS = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16}


def load(path, key):
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # PyTorch < 1.13 has no weights_only
        obj = torch.load(path, map_location="cpu")
    except Exception:
        obj = torch.load(path, map_location="cpu")  # a pickled Module needs the full unpickler
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    if key:
        if key not in obj:
            sys.exit(f"{path}: no entry '{key}' (has {sorted(obj)})")
        obj = obj[key]
    elif isinstance(obj, dict) and not all(isinstance(v, torch.Tensor) for v in obj.values()):
        for k in ("state_dict", "model_state_dict", "model"):
            if k in obj and isinstance(obj[k], dict):
                print(f"using the state dict under '{k}'")
                obj = obj[k]
                break
    bad = [k for k, v in obj.items() if not isinstance(v, torch.Tensor)]
    if bad:
        sys.exit(f"{path}: entries that are not tensors: {bad[:5]} (pass --key to pick the state dict)")
    return obj


def tensor_bytes(t):
    t = t.detach().cpu().contiguous()
    if t.dtype in (torch.float16, torch.bfloat16):
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    if t.dtype == torch.bool:
        return t.to(torch.uint8).numpy().tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write(path, tensors, metadata):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        if t.dtype not in DTYPES:
            sys.exit(f"tensor '{name}': dtype {t.dtype} is not one Reel reads")
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(head)))
            f.write(head)
            for c in chunks:
                f.write(c)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)  # atomic: the old file stays intact if anything above failed
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a .pth/.pt file: state dict, checkpoint dict, or pickled module")
    p.add_argument("output", help="the .safetensors file to write")
    p.add_argument("--key", help="the entry of a checkpoint dict that holds the state dict")
    p.add_argument("--strip-prefix", default="", help="remove this prefix from keys (e.g. 'module.' from DataParallel)")
    p.add_argument("--dtype", choices=sorted(CASTS), help="convert every floating tensor to this dtype")
    p.add_argument("--metadata", nargs="*", default=[], metavar="KEY=VALUE", help="strings stored in __metadata__")
    args = p.parse_args()

    state = load(args.input, args.key)
    out = {}
    for k, v in state.items():
        name = k[len(args.strip_prefix):] if args.strip_prefix and k.startswith(args.strip_prefix) else k
        if args.dtype and v.is_floating_point():
            v = v.to(CASTS[args.dtype])
        out[name] = v
    metadata = dict(kv.split("=", 1) for kv in args.metadata)
    metadata.setdefault("source", os.path.basename(args.input))
    write(args.output, out, metadata)
    total = sum(v.numel() for v in out.values())
    print(f"{len(out)} tensors, {total:,} elements -> {args.output}")


if __name__ == "__main__":
    main()
