"""Where the project is: the one definition of the project root for the build."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
