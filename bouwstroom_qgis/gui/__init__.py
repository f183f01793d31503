"""The planner's dock and its parts: thin Qt widgets over the engine and live scoring."""
