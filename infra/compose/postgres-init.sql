-- Runs once, when the compose Postgres volume is first created: the sample
-- company's usage database lives beside the platform's, as a source system
-- would on its own server.
CREATE DATABASE usage OWNER churn;
