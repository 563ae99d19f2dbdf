"""The local demo world: marketplaces and social sites on 127.0.0.1 that wildwatch crawls.

Imports nothing of the rest of wildwatch. ``python -m demo`` serves it until Ctrl-C.
"""

from demo.content import Defect, DemoPost, Label, generate
from demo.server import SITE_NAMES, DemoWorld
from demo.targets import demo_targets

__all__ = ["SITE_NAMES", "Defect", "DemoPost", "DemoWorld", "Label", "demo_targets", "generate"]
