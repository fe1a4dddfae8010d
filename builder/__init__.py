"""brochure: one YAML file of clinic content -> a patient handout (PDF) and a seminar deck."""

__version__ = "0.1.0"
