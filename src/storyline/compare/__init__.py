"""The compare stage: what outlets agree on, where they contradict, who wants what, and which outlets to doubt."""
