#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbis.settings")
    from orbis import development

    development.apply()  # in a checkout `make run` set up, its development settings
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
