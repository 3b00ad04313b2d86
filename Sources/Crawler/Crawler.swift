// The Crawler module: fetches a site politely and turns its pages into keywords.
