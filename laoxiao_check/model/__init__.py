"""The nouns: records of projects, estates and facilities, profiles and rule specs, and the results of
check, audit and plan; values as people write them, the glossary of words, the exception hierarchy.
Data only (numpy at most): every other layer imports this one, and it imports none of them.
"""
