#!/usr/bin/env bash
# NER-only ablations of the tok2vec embedding (run from the repo root, one at a time).
# Usage: bash training/ablate.sh NAME [extra spacy overrides...]
set -euo pipefail
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
name=$1; shift
.venv/bin/python -m spacy train src/kilde/nlp/configs/kilde_da.cfg \
  --code src/kilde/nlp/spacy_code.py \
  --output "training/output/ablate-$name" \
  --paths.train training/corpus/train.spacy --paths.dev training/corpus/dev.spacy \
  --nlp.pipeline '["tok2vec","ner"]' --training.max_steps 3000 --training.eval_frequency 250 \
  "$@"
