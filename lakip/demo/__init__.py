"""The demo agency: its data file and the loader that turns it into plan and reports."""
