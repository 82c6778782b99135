-- Lists and their cursors must order the same on every storage and on every database: by code
-- point, as the in-memory adapter does. A database created with a language collation (en_US.UTF-8,
-- the default of many installs) would otherwise order 'a-b' between 'ab' and 'ac' and page
-- differently. organizations.slug is COLLATE "C" since V5; stacks.slug is the other ordering and
-- cursor text column (the other lists page by uuid or seq).
ALTER TABLE stacks ALTER COLUMN slug TYPE text COLLATE "C";
