"""One module per rule kind: a RuleKind subclass with its parameters, its words and its arithmetic."""
