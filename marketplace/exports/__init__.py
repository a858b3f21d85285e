"""Long CSV exports with progress: an app registers an export in one line
(`export_register(ExportDefinition(...))` from its AppConfig.ready), and the framework decides
whether to answer at once (small) or to run it as a Celery task that writes the file to default
storage through the one CSV writer (marketplace.csv_export), recording rows done / total on an
ExportJob the admin page reloads. The core imports no app: definitions come from the apps.
"""
