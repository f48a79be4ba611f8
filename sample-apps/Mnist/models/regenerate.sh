#!/usr/bin/env bash
# Regenerates every file in this folder with the `unit` tool (see README.md here for what each command does and the
# numbers it gave). Run from the repository root: bash sample-apps/Mnist/models/regenerate.sh
set -euo pipefail
models=sample-apps/Mnist/models
dotnet build src/UnIT.Cli -c Release -v:q -nologo
cli=$(pwd)/src/UnIT.Cli/bin/Release/net10.0/UnIT.Cli.dll
unit() { dotnet "$cli" "$@"; }

# 1. The paper's MNIST network, trained on train digits 1,000-6,999: the first 1,000 (calibration) and the last 1,000
#    (pruning validation) are held out.
unit train --seed 1 --epochs 20 --output $models/mnist-dense.npz
# 2. The training-time pruned baseline: global L1, 5 % per step, one fine-tuning epoch, stop before a 0.5-point drop
#    on the validation digits (the calibration digits stay unseen).
unit prune --weights $models/mnist-dense.npz --output $models/mnist-pruned.npz

cd $models
# 3. Baselines without UnIT: ranges and statistics only.
unit calibrate --weights mnist-dense.npz --name MnistDenseQ15 --no-search
unit calibrate --weights mnist-pruned.npz --name MnistPrunedQ15 --no-search
unit calibrate --weights mnist-pruned.npz --name MnistPrunedSoft --profile Msp430FR5994SoftFloat --no-search

# 4. UnIT on the pruned model, per profile and division; one file per kernel-implementation class.
for division in Exact Pow2 ReciprocalLut FloatBits; do
  for profile in Q15 Soft; do
    name=MnistPruned$profile$division
    if [ $profile = Q15 ]; then p=Msp430FR5994; else p=Msp430FR5994SoftFloat; fi
    unit calibrate --weights mnist-pruned.npz --profile $p --division $division \
      --name ${name}Gather --also-for ${name}Sorted --also-for ${name}Bucketed
  done
done

# 5. UnIT on the dense model (Q15 / MPY32, reciprocal table).
unit calibrate --weights mnist-dense.npz --profile Msp430FR5994 --division ReciprocalLut \
  --name MnistDenseQ15ReciprocalLutGather --also-for MnistDenseQ15ReciprocalLutSorted --also-for MnistDenseQ15ReciprocalLutBucketed
