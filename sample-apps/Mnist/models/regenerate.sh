#!/usr/bin/env bash
# Regenerates every file in this folder with the `unit` tool (see README.md here for what each command does and the
# numbers it gave). Run from the repository root: bash sample-apps/Mnist/models/regenerate.sh
# `bash sample-apps/Mnist/models/regenerate.sh calibrations` keeps the weight files and redoes only the calibrations;
# `bash sample-apps/Mnist/models/regenerate.sh networks` only rewrites ../Networks.cs from the calibration files here.
set -euo pipefail
models=sample-apps/Mnist/models
dotnet build src/UnIT.Cli -c Release -v:q -nologo
cli=$(pwd)/src/UnIT.Cli/bin/Release/net10.0/UnIT.Cli.dll
unit() { dotnet "$cli" "$@"; }
# Every calibration: raw pixels with the normalisation folded (background pixels are zeros UnIT skips), and the chosen
# settings confirmed on the validation digits (scaled back until they fit the budget there too). The searches count
# near misses as well as flipped digits (the default --search-loss), which carries over to new digits better.
calibrate() { unit calibrate --fold-normalization --confirm "$@"; }
# The dense model is trained with an L1 penalty on its activations, so more of them are exactly zero or small: the
# products UnIT skips. Pruning fine-tunes on the cross-entropy alone, as the paper's recipe does.
activation_l1=5e-4
structured_layers="conv2d:conv1:3:5,relu,maxpool2d:2,conv2d:conv2:15:5,relu,maxpool2d:2,flatten,dense:fc1:10"
# The DS-CNN: conv 3x3, then two depthwise-separable blocks (depthwise 3x3 as a grouped conv, pointwise 1x1), average
# pool, dense. conv1 has no padding because the input normalisation is folded into it (a padded zero would stand for
# a normalised 0, which no raw pixel reproduces); the depthwise convs pad to keep their maps. No ReLU between a
# depthwise and its pointwise conv: with one 3x3 filter per channel, a ReLU there halves what each channel passes on,
# and the network trained to ~95 % instead of ~97.5 % on the validation digits (models/README.md).
dscnn_layers="conv2d:conv1:16:3,relu,maxpool2d:2,conv2d:dw1:16:3:1:1:16,conv2d:pw1:32:1,relu,maxpool2d:2,conv2d:dw2:32:3:1:1:32,conv2d:pw2:32:1,relu,avgpool2d:2,flatten,dense:fc1:10"
# No activation penalty: every λ tried cost validation accuracy (5e-5: −0.3 points, 1e-4: −0.8, 5e-4: chance level), and the
# pointwise convs read depthwise outputs, not ReLU outputs, which a penalty cannot make zero (models/README.md).
dscnn_activation_l1=0

# 8. ../Networks.cs: one [UnitNetwork] class per calibration file, declared by `unit declare` with the file's θ, T and
#    groups in the attributes (the analyzers compare the two). The class name says the model (Mnist<Model>…) and, by its
#    suffix, the kernel forced on every layer with a threshold above 0 (a layer left at T = 0 keeps the planner's
#    choice, the dense kernel, as the calibration priced it).
write_networks() {
  {
    echo "// Written by models/regenerate.sh (\`unit declare\`) from the calibration files in models/ (do not edit by hand):"
    echo "// the paper's MNIST network, dense, magnitude-pruned and structured-pruned, and a DS-CNN, with the calibrated thresholds, one class per"
    echo "// (model, profile, division, kernel implementation) the report compares."
    echo "using UnIT;"
    echo
    echo "namespace Mnist;"
    for file in $(LC_ALL=C ls *.calibration.txt); do
      name=${file%.calibration.txt}
      case $name in
        MnistDense*) model=dense ;;
        MnistPruned*) model=pruned ;;
        MnistStructured*) model=structured ;;
        MnistDsCnn*) model=dscnn ;;
      esac
      layers=()
      if [ $model = structured ]; then layers=(--layers "$structured_layers"); fi
      if [ $model = dscnn ]; then layers=(--layers "$dscnn_layers"); fi
      implementation=Auto
      for kernel in Gather Sorted Bucketed; do
        if [[ $name == *$kernel ]]; then implementation=$kernel; fi
      done
      echo
      unit declare --weights mnist-$model.npz "${layers[@]}" --calibration "$file" --implementation $implementation
    done
  } > ../Networks.cs
  echo "wrote $(LC_ALL=C ls *.calibration.txt | wc -l) networks to sample-apps/Mnist/Networks.cs"
}

if [ "${1:-all}" = networks ]; then
  cd $models
  write_networks
  exit
fi

if [ "${1:-all}" != calibrations ]; then
  # 1. The paper's MNIST network, trained on train digits 1,000-6,999: the first 1,000 (calibration) and the last 1,000
  #    (pruning validation) are held out.
  unit train --seed 1 --epochs 20 --activation-l1 $activation_l1 --output $models/mnist-dense.npz
  # 2. The training-time pruned baseline: global L1, 5 % per step, one fine-tuning epoch, stop before a 0.5-point drop
  #    on the validation digits (the calibration digits stay unseen).
  unit prune --weights $models/mnist-dense.npz --output $models/mnist-pruned.npz
  # 3. Structured (channel) pruning to half the dense model's MACs and peak RAM (Q15, counted as on the chip: RAM with
  #    the accumulators of the kernels UnIT may pick): a smaller dense network. --accounting Weights (the paper's
  #    measure) reaches the same widths but removes other channels (docs/structured-pruning.md).
  unit prune --structured --budget-macs 50% --budget-ram 50% --weights $models/mnist-dense.npz \
    --output $models/mnist-structured.npz --write-masks $models/mnist-structured.masks.json --class MnistStructured
  # 3b. A depthwise-separable CNN (DS-CNN) on the same digits, trained from scratch like the dense model.
  unit train --seed 1 --epochs 20 --activation-l1 $dscnn_activation_l1 --layers "$dscnn_layers" --output $models/mnist-dscnn.npz
fi

cd $models
# 4. Baselines without UnIT: ranges and statistics only, on both profiles.
for model in Dense Pruned Structured DsCnn; do
  weights=mnist-${model,,}.npz
  layers=()
  if [ $model = Structured ]; then layers=(--layers "$structured_layers"); fi
  if [ $model = DsCnn ]; then layers=(--layers "$dscnn_layers"); fi
  calibrate --weights $weights "${layers[@]}" --name Mnist${model}Q15 --no-search
  calibrate --weights $weights "${layers[@]}" --name Mnist${model}Soft --profile Msp430FR5994SoftFloat --no-search
done

# 5. UnIT on the pruned model, per profile and division; one file per kernel-implementation class.
for division in Exact Pow2 ReciprocalLut FloatBits; do
  for profile in Q15 Soft; do
    name=MnistPruned$profile$division
    if [ $profile = Q15 ]; then p=Msp430FR5994; else p=Msp430FR5994SoftFloat; fi
    calibrate --weights mnist-pruned.npz --profile $p --division $division \
      --name ${name}Gather --also-for ${name}Sorted --also-for ${name}Bucketed
  done
done

# 6. UnIT on the dense and the structured model: Q15 / MPY32 with the reciprocal table, soft float with FloatBits.
for model in Dense Structured; do
  weights=mnist-${model,,}.npz
  layers=()
  if [ $model = Structured ]; then layers=(--layers "$structured_layers"); fi
  calibrate --weights $weights "${layers[@]}" --profile Msp430FR5994 --division ReciprocalLut \
    --name Mnist${model}Q15ReciprocalLutGather --also-for Mnist${model}Q15ReciprocalLutSorted --also-for Mnist${model}Q15ReciprocalLutBucketed
  calibrate --weights $weights "${layers[@]}" --profile Msp430FR5994SoftFloat --division FloatBits \
    --name Mnist${model}SoftFloatBitsGather --also-for Mnist${model}SoftFloatBitsSorted --also-for Mnist${model}SoftFloatBitsBucketed
done

# 6b. UnIT on the DS-CNN, Q15 / MPY32 with the reciprocal table. One T per layer (a group as wide as the layer): with the
#     default groups of 4 channels its 5 conv layers have 32 groups, and the search was on course for over half an hour
#     on 2 shared cores (7 % done after 2.5 minutes). Soft float with FloatBits, as for the other models.
dscnn_groups=(--group-size conv1=16 --group-size dw1=16 --group-size pw1=32 --group-size dw2=32 --group-size pw2=32)
calibrate --weights mnist-dscnn.npz --layers "$dscnn_layers" "${dscnn_groups[@]}" --profile Msp430FR5994 --division ReciprocalLut \
  --name MnistDsCnnQ15ReciprocalLutGather --also-for MnistDsCnnQ15ReciprocalLutSorted --also-for MnistDsCnnQ15ReciprocalLutBucketed
calibrate --weights mnist-dscnn.npz --layers "$dscnn_layers" "${dscnn_groups[@]}" --profile Msp430FR5994SoftFloat --division FloatBits \
  --name MnistDsCnnSoftFloatBitsGather --also-for MnistDsCnnSoftFloatBitsSorted --also-for MnistDsCnnSoftFloatBitsBucketed

# 7. The dense model's soft-float thresholds priced on Q15 / MPY32: the kernels compared at the same thresholds.
calibrate --weights mnist-dense.npz --profile Msp430FR5994 --division ReciprocalLut \
  --thresholds-from MnistDenseSoftFloatBitsGather.calibration.txt \
  --name MnistDenseQ15SoftThresholdsGather --also-for MnistDenseQ15SoftThresholdsSorted --also-for MnistDenseQ15SoftThresholdsBucketed

write_networks
