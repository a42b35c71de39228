"""Sales Leadership Lab: the scenario models, widgets, plots and checks the notebooks use."""

__version__ = "0.1.0"
