import os

__all__ = ["os"] + ["path_helper"] + ("other",)
