"""Link: across articles, which report the same real-world event, which events make a story, one identity per actor."""
