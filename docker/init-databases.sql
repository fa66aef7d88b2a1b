-- The example's source and target, beside the control database (POSTGRES_DB).
CREATE DATABASE production;
CREATE DATABASE staging;
