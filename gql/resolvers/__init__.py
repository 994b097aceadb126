"""Root Query and Mutation fields: thin, they decode ids and call domain/."""
