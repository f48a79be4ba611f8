#!/usr/bin/env python3
"""Writes sample-apps/Mnist/Networks.cs: one [UnitNetwork] class per calibration file in this folder, with the
file's thresholds (θ per ReLU, T and groups per conv/dense layer) copied into the attributes exactly as written
(the file's round-trip float text + 'f'), and the kernel implementation of the class-name suffix forced on every
layer that has a threshold (a layer the calibration left at T = 0 keeps the planner's choice, the dense kernel, as
the calibration priced it).

Run after regenerate.sh (from the repository root): python3 sample-apps/Mnist/models/write-networks.py
The analyzers compare these attributes with the calibration files, so rerun this whenever the files change."""
import ast
import glob
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Networks.cs")
IMPLEMENTATIONS = ("Gather", "Sorted", "Bucketed")


def parse(path):
    header, layers = {}, []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("layer "):
            parts = line[6:].split(" ")
            layers.append((parts[0], dict(p.split("=", 1) for p in parts[1:])))
        else:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
    return header, layers


def widths(weights):
    """Output channels of conv1 and conv2 as stored in the weight file (structured pruning narrows them)."""
    def shape(npy):
        # .npy: magic, version (2 bytes), header length (2 bytes in v1, 4 in v2/3), then a dict literal with 'shape'.
        header_size = 2 if npy[6] == 1 else 4
        start = 8 + header_size
        length = int.from_bytes(npy[8:start], "little")
        return ast.literal_eval(npy[start:start + length].decode("latin1"))["shape"]

    with zipfile.ZipFile(os.path.join(HERE, weights)) as archive:
        return [shape(archive.read(f"{layer}.weight.npy"))[0] for layer in ("conv1", "conv2")]


def floats(text):
    return ", ".join(v + "f" for v in text.split(","))


def normalization(header):
    """The training normalisation a calibration made with --fold-normalization folded into conv1 (the class then takes p/255)."""
    if "input-mean" not in header:
        return ""
    return f'InputMean = {header["input-mean"]}f, InputStandardDeviation = {header["input-standard-deviation"]}f, '


def declaration(path):
    header, layers = parse(path)
    name = header["network"]
    model = next(m for m in ("Dense", "Pruned", "Structured") if name.startswith("Mnist" + m))
    weights = f"mnist-{model.lower()}.npz"
    conv1, conv2 = widths(weights)
    implementation = next((i for i in IMPLEMENTATIONS if name.endswith(i)), None)
    forced = f", Implementation = KernelImplementation.{implementation}" if implementation else ""
    entries = dict(layers)
    lines = [
        f'[UnitNetwork("{weights}", Input = "1x28x28", Format = NumberFormat.{header["number-format"]}, '
        f'Profile = TargetProfile.{header["profile"]}, Division = DivisionApproximation.{header["division"]}, '
        f'{normalization(header)}Calibration = "{os.path.basename(path)}")]'
    ]

    def thresholds(label):
        e = entries[label]
        text = f', Threshold = {e["threshold"]}f'
        if "group-size" in e:
            text += f', GroupSize = {e["group-size"]}, GroupThresholds = new[] {{ {floats(e["group-thresholds"])} }}'
        return text + (forced if float(e["threshold"]) > 0 else "")

    def relu(label):
        return f'[ReLU(ActivationThreshold = {entries[label]["activation-threshold"]}f)]'

    lines += [
        f'[Conv2d("conv1", {conv1}, Kernel = 5{thresholds("conv1")})]',
        relu("relu1"),
        "[MaxPool2d(2)]",
        f'[Conv2d("conv2", {conv2}, Kernel = 5{thresholds("conv2")})]',
        relu("relu2"),
        "[MaxPool2d(2)]",
        "[Flatten]",
        f'[Dense("fc1", 10{thresholds("fc1")})]',
        f"public static partial class {name};",
    ]
    return "\n".join(lines)


files = sorted(glob.glob(os.path.join(HERE, "*.calibration.txt")))
body = "\n\n".join(declaration(f) for f in files)
with open(OUT, "w", encoding="utf-8", newline="\n") as out:
    out.write(
        "// Written by models/write-networks.py from the calibration files in models/ (do not edit by hand):\n"
        "// the paper's MNIST network, dense, magnitude-pruned and structured-pruned, with the calibrated thresholds, one class per\n"
        "// (model, profile, division, kernel implementation) the report compares.\n"
        "using UnIT;\n\nnamespace Mnist;\n\n" + body + "\n")
print(f"wrote {len(files)} networks to {os.path.normpath(OUT)}")
