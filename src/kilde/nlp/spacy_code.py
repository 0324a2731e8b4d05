"""Entry point for `spacy train --code`: registers kilde's tokenizer, features, augmenter."""

import kilde.nlp.augment  # noqa: F401
import kilde.nlp.features  # noqa: F401
import kilde.nlp.tokenizer  # noqa: F401
