"""evidence: an offline evidence pipeline for abusive debt-collection calls."""

import os as _os

# Recordings hold private family and financial details, and the program promises that nothing
# leaves the machine. Some dependencies phone home on their own: onnxruntime (loaded by
# faster-whisper's VAD) writes ~/.cache/Microsoft/DeveloperTools/.onnxruntime/{deviceid,
# onnxruntime.db} and looks up mobile.events.data.microsoft.com unless ORT_DISABLE_TELEMETRY is
# set before it is imported; the Hugging Face hub client sends usage pings and checks for model
# updates. These variables are read at import time, so they are set here, before any submodule
# imports those libraries. spaCy, thinc, CTranslate2, PyAV, pydub, watchdog and tqdm make no
# network calls of their own. The user may still set any of them the other way on purpose.
TELEMETRY_OFF = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",  # lifted only by `evidence models pull` (see whisper_models.pull)
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}
OFFLINE_SET_HERE = "HF_HUB_OFFLINE" not in _os.environ
for _name, _value in TELEMETRY_OFF.items():
    _os.environ.setdefault(_name, _value)

__version__ = "0.1.0"
