"""newsledger: news articles -> a SQL warehouse of facts."""
