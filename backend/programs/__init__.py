"""The catalog of educational programs: rules from the law, import and export."""
