"""Static inventory of DIRAC releases, read from the published wheels.

``python -m kb.inventory`` downloads the DIRAC wheels of the checked
versions, reads their sources as text (DIRAC is never installed nor
imported) and writes one JSON file per version into conf/data/inventory/.
The example checker reads those files to validate the commands, names and
component options that the pages show; the command and configuration
references are generated from them.
"""
