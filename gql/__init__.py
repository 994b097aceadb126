"""The GraphQL API: schema types in gql/schema, root fields in gql/resolvers."""
