"""The reviewer's side: the redaction diff and the decisions a person makes on it."""
