"""State changes of the matches app: keyword-only ``<entity>_<action>`` functions, one module per
subject (``requests``, ...). Each validates what the database cannot, saves in one transaction and
writes its audit event next to the change."""
