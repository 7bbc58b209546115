"""MedEzy's domain: models and services. Imports no Flask, Rasa or vendor SDK."""
