-- Issue 21, fallback routes: the channel each try went to (a notification's route may take it on from its channel to
-- a fallback), and on the try after which it went on, the fallback it went on to. The notification row keeps the
-- channel it was published to.
ALTER TABLE audit.event ADD COLUMN channel text;
ALTER TABLE audit.event ADD COLUMN rerouted_to text;
