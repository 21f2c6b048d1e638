"""What every part of the app uses: its settings, exceptions, translation helper, private file
folders and sandboxed user templates."""
