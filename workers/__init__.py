"""Background work: the dramatiq broker, the actors, the embedded worker and the scheduler.

Import `workers.actors` only after `workers.broker` has set the broker (it does so itself).
"""
