"""Requests and matches are worked on in the app; the admin only lets a beheerder look one up."""
